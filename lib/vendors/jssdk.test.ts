// Fixed-input signature tests. Expected values computed independently (Python hashlib.sha1 over the exact
// string); the first is the worked example of the WeChat JS-SDK documentation, which WeCom's algorithm shares.
import { getJsApiSignature } from "@wecom/crypto";
import { describe, expect, it } from "vitest";
import { ForeignUrlError, jsapiSignString, jsapiSignature, urlToSign } from "./jssdk";

describe("jsapiSignature", () => {
  it("matches the documented example", () => {
    const input = { ticket: "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg", nonceStr: "Wm3WZYTPz0wzccnW", timestamp: 1414587457, url: "http://mp.weixin.qq.com?params=value" };
    expect(jsapiSignString(input)).toBe(
      "jsapi_ticket=sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value",
    );
    expect(jsapiSignature(input)).toBe("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
  });

  it("signs a URL with a query string, raw and unencoded", () => {
    const input = { ticket: "kgt8ON7yVITDhtdwci0qeZb7n2wYgPpVn4zBTbYtx5mcaG6Kby1Ux6mVwIC-8mpl2fSb3rk2ZBmsd2HIDXu28g", nonceStr: "qiandao-nonce-1", timestamp: "1732262400", url: "https://qiandao.example.com/checkin?m=42&from=card" };
    expect(jsapiSignature(input)).toBe("dd02f9e3de68c100271e1be0cef14d27b62499d0");
    // the official WeCom library agrees
    expect(getJsApiSignature({ url: input.url, ticket: input.ticket, nonceStr: input.nonceStr, timestamp: input.timestamp }).signature).toBe(
      "dd02f9e3de68c100271e1be0cef14d27b62499d0",
    );
  });
});

describe("urlToSign", () => {
  const app = "https://qiandao.example.com";
  it("strips the fragment and keeps the query string exactly", () => {
    expect(urlToSign("https://qiandao.example.com/checkin?m=42&from=card#/scan", app)).toBe("https://qiandao.example.com/checkin?m=42&from=card");
    expect(urlToSign("https://qiandao.example.com/a?x=%E4%BD%A0&y=1", app)).toBe("https://qiandao.example.com/a?x=%E4%BD%A0&y=1");
  });
  it("refuses other origins, schemes, ports and relative URLs", () => {
    for (const bad of ["https://evil.example.com/checkin", "http://qiandao.example.com/checkin", "https://qiandao.example.com:8443/x", "/checkin", "https://qiandao.example.com.evil.cn/x", "https://u:p@qiandao.example.com/x"]) {
      expect(() => urlToSign(bad, app), bad).toThrow(ForeignUrlError);
    }
  });
});
