import { ApiError, toProblem } from '../../../lib/api-client.ts';
import { API_BASE } from '../../../lib/paths.ts';

// Downloads need the bearer token, which a plain link cannot send: fetch the file, then hand the
// browser a blob URL to save. The token never goes into a URL.
export async function downloadFile(accessToken: string, id: string, fallbackName: string): Promise<void> {
  const response = await fetch(`${API_BASE}/downloads/${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${accessToken}` },
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new ApiError(toProblem(response.status, response.statusText, body));
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
