/** jsQR's decoder function. */
export type JsQr = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' },
) => { data: string } | null;

let loading: Promise<JsQr> | null = null;

/** Loads the QR decoder (a separate chunk: only fetched when the officer scans or uploads). */
export function loadJsQr(): Promise<JsQr> {
  loading ??= import('jsqr').then((module) => {
    // jsQR is a UMD bundle: depending on the interop its function is the default export or its `default`.
    const first = (module as unknown as { default: unknown }).default;
    const fn = typeof first === 'function' ? first : (first as { default?: unknown } | undefined)?.default;
    if (typeof fn !== 'function') throw new Error('The QR decoder did not load.');
    return fn as JsQr;
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
