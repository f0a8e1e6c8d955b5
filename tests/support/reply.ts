/** The tests' one reading of a response, shared by the in-process client (api.ts) and the HTTP one (product.ts). */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A response as the tests read it: status, JSON body (or text), headers. */
export async function readReply<T = any>(res: Response): Promise<Reply<T>> {
  const text = await res.text();
  const isJson = res.headers.get('Content-Type')?.includes('json');
  return { status: res.status, body: isJson && text ? JSON.parse(text) : text, headers: res.headers };
}
