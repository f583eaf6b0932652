/**
 * The SMART login page: plain HTML, no script, every reflected value escaped. Accessible by
 * construction: a real `<label>` for each input, a page language, an `alert` role on errors and
 * focus on the first field.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

/** Headers for every HTML page of the login flow: no framing (clickjacking), no scripts, no caching. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1b1f24; }
  main { max-width: 26rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; border: 1px solid #d0d7de; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
  input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #57606a; border-radius: 4px; }
  input:focus, button:focus { outline: 3px solid #0969da; outline-offset: 2px; }
  button { margin-top: 1.5rem; width: 100%; padding: .7rem; font-size: 1rem; background: #0969da; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .error { border-left: 4px solid #cf222e; background: #ffebe9; padding: .75rem; margin-bottom: 1rem; }
  .scopes { font-size: .9rem; color: #424a53; }
  code { background: #eaeef2; padding: 0 .25rem; border-radius: 3px; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Careweave</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** What the login form shows and carries. */
export interface LoginPage {
  clientName: string;
  scopes: readonly string[];
  /** The authorization request's parameters, carried through the form as hidden fields. */
  hidden: Readonly<Record<string, string>>;
  /** Pre-filled after a failed attempt. */
  email?: string;
  error?: string;
}

/** The login form of `/oauth2/authorize`. Logging in approves the listed access for the app. */
export function renderLoginPage(view: LoginPage): string {
  const hidden = Object.entries(view.hidden)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
  const error = view.error
    ? `<div class="error" role="alert" id="login-error">${escapeHtml(view.error)}</div>`
    : '';
  const scopes = view.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return page(
    'Log in',
    `<h1>Log in to Careweave</h1>
<p><strong>${escapeHtml(view.clientName)}</strong> is asking to act on your behalf with this access:</p>
<ul class="scopes">${scopes}</ul>
${error}
<form method="post" action="authorize" novalidate>
${hidden}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(view.email ?? '')}"${view.error ? ' aria-describedby="login-error"' : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in and allow</button>
</form>`,
  );
}

/** A page for an authorization request that cannot be sent back to the app (unknown client or redirect URI). */
export function renderErrorPage(message: string): string {
  return page(
    'Cannot log in',
    `<h1>This login link is not valid</h1>\n<p role="alert">${escapeHtml(message)}</p>\n<p>Go back to the app and try again, or ask its administrator.</p>`,
  );
}
