/**
 * Downloads made in the browser: CSV text, and a PNG drawn from a chart's SVG (serialised, drawn
 * on a canvas through a `data:` image, which the app's Content-Security-Policy allows).
 */
function save(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadCsv(csv: string, filename: string): void {
  save(`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`, filename);
}

/** Renders the first SVG inside `container` to a PNG (white background, 2× scale) and saves it. */
export async function downloadPng(container: HTMLElement, filename: string): Promise<void> {
  const svg = container.querySelector('svg');
  if (!svg) throw new Error('There is no chart to export yet.');
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const source = new XMLSerializer().serializeToString(clone);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * 2));
  canvas.height = Math.max(1, Math.round(height * 2));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the chart.');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(2, 2);
  context.drawImage(image, 0, 0, width, height);
  save(canvas.toDataURL('image/png'), filename);
}
