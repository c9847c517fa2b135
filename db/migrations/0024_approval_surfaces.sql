CREATE TABLE "approval_surfaces" (
	"item_id" bigint NOT NULL,
	"step_index" integer NOT NULL,
	"employee_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"notified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"wecom_response_code" text,
	"wecom_click_code" text,
	"dingtalk_todo_id" text,
	"dingtalk_union_id" text,
	CONSTRAINT "approval_surfaces_item_id_step_index_employee_id_pk" PRIMARY KEY("item_id","step_index","employee_id")
);
