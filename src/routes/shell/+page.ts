// The offline app shell: prerendered without SSR, served by the service worker for any
// navigation it cannot fetch; the client router then renders the real route.
export const prerender = true;
export const ssr = false;
