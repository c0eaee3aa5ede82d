// The count screen renders in the browser only: it reads the device's IndexedDB (RxDB), which
// a server render cannot see, and it must open the same way from the offline app shell.
export const ssr = false;
