// A kiosk browser's screen: client-only (it lives on localStorage and the kiosk session).
export const ssr = false;
