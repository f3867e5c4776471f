/** True in production builds (vite build): the service worker is registered only there. */
declare const __CLEARLEDGER_SERVICE_WORKER__: boolean;
