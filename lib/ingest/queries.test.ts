import { describe, expect, it } from "vitest";
import { maskPersonalData } from "./queries";

describe("maskPersonalData", () => {
  it("masks mobiles and emails anywhere, and known keys fully", () => {
    const out = maskPersonalData({
      Mobile: "13812345678",
      Email: "zhangsan@example.com",
      Content: "请联系 13912345678 或 lisi@corp.cn",
      nested: [{ phone_number: "+86 13700001111" }],
      UserID: "zhangsan",
      CreateTime: "1476422779",
    });
    expect(out).toEqual({
      Mobile: "*******5678",
      Email: "z***@example.com",
      Content: "请联系 139****5678 或 l***@corp.cn",
      nested: [{ phone_number: "+86 *******1111" }],
      UserID: "zhangsan",
      CreateTime: "1476422779",
    });
  });
});
