// Where the simulated WeCom authorize page lives (lib/vendors/config oauthAuthorizeUrl), in a module of its own so
// proxy.ts can read it without the simulator's state. AUTHORIZE_PAGE_MARK on it means "render the page": proxy.ts
// then leaves the request to the page instead of the silent fast path (app/api/sim/wecom/authorize).
export const AUTHORIZE_PATH = "/sim/wecom/connect/oauth2/authorize";
export const AUTHORIZE_PAGE_MARK = "sim_page";
