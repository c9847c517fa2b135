"use client";

// Last resort when the root layout itself fails: no message catalogue is available here, so the copy is inline
// (Chinese first, English second) and the styles are inline too (globals.css may not have loaded).
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const reference = error.digest ?? "—";
  return (
    <html lang="zh-CN">
      <body
        style={{
          margin: 0,
          minHeight: "100vh",
          display: "flex",
          alignItems: "center",
          justifyContent: "center",
          background: "#f8fafc",
          color: "#0f172a",
          fontFamily: '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
          textAlign: "center",
          padding: 24,
        }}
      >
        <div style={{ maxWidth: 360 }}>
          <p style={{ fontSize: 17, fontWeight: 600, margin: "0 0 8px" }}>出错了 · Something went wrong</p>
          <p style={{ fontSize: 13, lineHeight: "20px", color: "#64748b", margin: 0 }}>
            请稍后重试；如果问题持续，请联系管理员并提供参考编号。
            <br />
            Please try again; if it keeps happening, give your administrator the reference id.
          </p>
          <p style={{ fontFamily: "ui-monospace, monospace", fontSize: 12, color: "#475569", background: "#f1f5f9", borderRadius: 8, padding: "4px 10px", display: "inline-block", marginTop: 12 }}>
            参考编号 Reference：{reference}
          </p>
          <div style={{ marginTop: 20 }}>
            <button
              type="button"
              onClick={reset}
              style={{ height: 44, padding: "0 20px", border: 0, borderRadius: 12, background: "#2f7cf6", color: "#fff", fontSize: 15, fontWeight: 500 }}
            >
              重试 · Retry
            </button>
          </div>
        </div>
      </body>
    </html>
  );
}
