/**
 * Whether a browser's POST comes from a page of `expectedOrigin`. Any site can make a browser send a
 * plain form (multipart included) with its cookies; the Origin header, which every current browser
 * sends on POST, says whose page did. A request without it is refused.
 */
export function isSameOrigin(request: Request, expectedOrigin: string): boolean {
  return request.headers.get('origin') === expectedOrigin;
}
