// Server side of the simulated silent OAuth redirect (the client side is silent-redirect.tsx).
/**
 * The same check and redirect as an inline script, run while the page is parsed (no wait for hydration). `href` is
 * JSON-encoded with `<` escaped, so nothing in it can close the script element.
 */
export function silentRedirectScript(href: string): string {
  const to = JSON.stringify(href).replace(/</g, "\\u003c");
  return `if(location.hash==="#wechat_redirect"){window.__qdSimRedirected=true;location.replace(${to})}`;
}
