/**
 * A multipart form as a browser sends it: encoded whole, with its Content-Length (the API reads an
 * upload only once its length is known: api/inputGuard.ts). For in-process requests (`app.request`).
 */
export async function formBody(form: FormData): Promise<{ body: ArrayBuffer; headers: Record<string, string> }> {
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  const body = await encoded.arrayBuffer();
  return {
    body,
    headers: { 'Content-Type': encoded.headers.get('Content-Type')!, 'Content-Length': String(body.byteLength) },
  };
}
