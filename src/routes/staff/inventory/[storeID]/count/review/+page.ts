// Rendered in the browser only, like the count screen it belongs to.
export const ssr = false;
