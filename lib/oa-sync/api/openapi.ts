// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate with.
import { z } from "zod";
import { approvalItemPush, approvalItemResult, approvalItemsRequestDoc, approvalItemsResponse, approvalResource, approvalsQuery, MAX_APPROVAL_BATCH } from "@/lib/approvals/schemas";
import { devicePunchRequestDoc, devicePunchResponse, devicePunchResult, devicePunch } from "@/lib/attendance/punches/schemas";
import {
  attendanceDayResource,
  attendanceDaysQuery,
  punchesQuery,
  punchResource,
  attendanceQuery,
  attendanceResource,
  employeeResource,
  employeesQuery,
  errorResource,
  meetingResource,
  meetingsQuery,
  pageOf,
  type ApiScope,
} from "./schemas";

type JsonSchema = Record<string, unknown>;

function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const js = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s as { description?: string };
    return { name, in: "query", required: (js.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

const errors = (scope: ApiScope) => ({
  "400": { description: "Bad parameter (the message says which)", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
  "401": { description: "Missing, invalid or revoked API key", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
  "403": { description: `The key lacks the \`${scope}\` scope`, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
  "429": {
    description: "Rate limit of the key exceeded",
    headers: { "Retry-After": { description: "Seconds until one more request would pass (sliding one-minute window shared by all instances)", schema: { type: "integer" } } },
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  },
});

export function buildOpenApiDocument(serverUrl: string): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  const pages = {
    MeetingPage: pageOf(meetingResource, "MeetingPage"),
    MeetingAttendancePage: pageOf(attendanceResource, "MeetingAttendancePage"),
    EmployeePage: pageOf(employeeResource, "EmployeePage"),
    AttendanceDayPage: pageOf(attendanceDayResource, "AttendanceDayPage"),
    PunchPage: pageOf(punchResource, "PunchPage"),
    ApprovalPage: pageOf(approvalResource, "ApprovalPage"),
  };
  for (const [id, s] of Object.entries({ ...pages, Meeting: meetingResource, MeetingAttendance: attendanceResource, Employee: employeeResource, AttendanceDay: attendanceDayResource, Punch: punchResource, Error: errorResource, DevicePunch: devicePunch, DevicePunchRequest: devicePunchRequestDoc, DevicePunchResult: devicePunchResult, DevicePunchResponse: devicePunchResponse, Approval: approvalResource, ApprovalItem: approvalItemPush, ApprovalItemsRequest: approvalItemsRequestDoc, ApprovalItemResult: approvalItemResult, ApprovalItemsResponse: approvalItemsResponse })) {
    registry.add(s, { id });
  }
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, JsonSchema> };
  for (const s of Object.values(schemas)) delete s.$schema;

  const op = (summary: string, description: string, query: z.ZodObject, page: string, scope: ApiScope, tag: string) => ({
    get: {
      summary,
      description,
      tags: [tag],
      security: [{ apiKey: [] }],
      parameters: queryParameters(query),
      responses: {
        "200": { description: "One page", content: { "application/json": { schema: { $ref: `#/components/schemas/${page}` } } } },
        ...errors(scope),
      },
      "x-required-scope": scope,
    },
  });

  return {
    openapi: "3.1.0",
    info: {
      title: "Qiandao 签到 pull API",
      version: "1.0.0",
      description:
        "Feeds for the OA, and two writes: punch devices post to /punches, the OA posts its approval todos to /approval-items. Page through a resource with `cursor` until `has_more` is false, keep the last " +
        "`next_cursor`, and call again later to receive rows created or changed since: pagination is on " +
        "(updated_at, id), and a row changed again moves to the end of the feed, so the latest version is the last " +
        "one you see. No row is skipped or repeated while writes go on (see `complete_up_to`). Authenticate with " +
        "`Authorization: Bearer <key>`; keys are created in 控制台 → API 密钥 (or `npm run api-key -- create`) with per-resource scopes.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key from the console (qd_…)" } },
      schemas,
    },
    paths: {
      "/meetings": op("List meetings", "Meetings, filtered by business date and the organiser's department.", meetingsQuery, "MeetingPage", "meetings:read", "meetings"),
      "/meeting-attendance": op(
        "List meeting attendance",
        "One record per meeting × person: check-in time to the second, method, status, device and a version that increases with every change.",
        attendanceQuery,
        "MeetingAttendancePage",
        "meeting_attendance:read",
        "meeting attendance",
      ),
      "/employees": op("List employees", "Employees with their primary department (no phone numbers or e-mail).", employeesQuery, "EmployeePage", "employees:read", "employees"),
      "/attendance-days": op(
        "List attendance person-days",
        "One result per person × business date from the day engine: status codes, minutes late / early / worked, overtime by kind, the one-line explanation and a version that increases whenever the result changes.",
        attendanceDaysQuery,
        "AttendanceDayPage",
        "attendance_days:read",
        "attendance",
      ),
      "/punches": {
        ...op(
          "List punches",
          "Punches of every channel (app, WeCom, DingTalk, devices, files, meetings), with the business date they count for; a vendor-side change bumps the version, a record the vendor no longer returns is kept as `vanished`.",
          punchesQuery,
          "PunchPage",
          "punches:read",
          "punches",
        ),
        post: {
          summary: "Upload punches from a punch device",
          description:
            "Face terminals and badge readers post up to 500 punches a request. Idempotent by (device_id, record_id): a " +
            "record already received answers `duplicate` and changes nothing. Each record is answered in request order " +
            "(`accepted`, `duplicate`, `unknown_employee`, `invalid` with a reason); a body that is not such a list is a " +
            "400 and stores nothing. Accepted punches count for attendance within seconds (they are processed from the inbox).",
          tags: ["punches"],
          security: [{ apiKey: [] }],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/DevicePunchRequest" } } } },
          responses: {
            "200": { description: "One result per record, in request order", content: { "application/json": { schema: { $ref: "#/components/schemas/DevicePunchResponse" } } } },
            "413": { description: "Body larger than 2 MiB", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
            ...errors("punches:write"),
          },
          "x-required-scope": "punches:write",
        },
      },
      "/approval-items": {
        post: {
          summary: "Push approval todos from the OA",
          description:
            `The OA posts up to ${MAX_APPROVAL_BATCH} approval todos a request (采购, 报销, 休假 … from its own workflow); each reaches its ` +
            "approvers' 待办 in the app within seconds. Idempotent by (id, version): a version already received answers " +
            "`duplicate`, an older version than one received answers `stale` and never overwrites it; an update or a " +
            "cancellation (`status: cancelled`) is the same id with a higher version. Once someone has decided an item in " +
            "the app, a later version updates its fields but the decision stands. Each item is answered in request order " +
            "(`accepted`, `duplicate`, `stale`, `unknown_employee`, `invalid` with a reason); a body that is not such a " +
            "list is a 400 and stores nothing. Decisions come back through the OA sync (record type `approval_decision`).",
          tags: ["approvals"],
          security: [{ apiKey: [] }],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/ApprovalItemsRequest" } } } },
          responses: {
            "200": { description: "One result per item, in request order", content: { "application/json": { schema: { $ref: "#/components/schemas/ApprovalItemsResponse" } } } },
            "413": { description: "Body larger than 4 MiB", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
            ...errors("approvals:write"),
          },
          "x-required-scope": "approvals:write",
        },
      },
      "/approvals": op(
        "List approval items",
        "Approval items with their state (open, decided, cancelled, decided_in_oa) and the decision taken in the app: outcome, comment, who, when, from which client, and the OA's answer to the write-back.",
        approvalsQuery,
        "ApprovalPage",
        "approvals:read",
        "approvals",
      ),
    },
  };
}
