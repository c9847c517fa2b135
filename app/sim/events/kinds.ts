// The callbacks the simulator page can send (a "use server" file may export only async functions).
export const SIM_EVENT_KINDS = [
  "wecom_text",
  "wecom_contact",
  "dingtalk_user_add",
  "tencent_join",
  "zoom_join",
  "agora_join",
  "wecom_tampered",
] as const;
