import { loadJsQr } from './jsQrLoader.ts';

/** A decoding request: the frame's pixels (transferred) and how hard to try. */
export type QrWorkerRequest = {
  id: number;
  width: number;
  height: number;
  data: Uint8ClampedArray;
  inversion: 'dontInvert' | 'attemptBoth';
};
export type QrWorkerResponse = { id: number; text: string | null; error?: string };

// Decodes camera frames off the main thread, so the viewfinder stays smooth while jsQR works.
self.addEventListener('message', async (event: MessageEvent<QrWorkerRequest>) => {
  const { id, width, height, data, inversion } = event.data;
  try {
    const jsQr = await loadJsQr();
    const found = jsQr(data, width, height, { inversionAttempts: inversion });
    const response: QrWorkerResponse = { id, text: found && found.data !== '' ? found.data : null };
    self.postMessage(response);
  } catch (error) {
    const response: QrWorkerResponse = { id, text: null, error: String(error) };
    self.postMessage(response);
  }
});
