import { describe, expect, it } from 'vitest';
import { checkEndpoint, isRefusedAddress, webhookAllowFromEnv } from './endpoint-policy.js';

describe('rest-hook endpoint policy (server-side request forgery)', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '172.32.0.1', '8.8.8.8', '2001:4860:4860::8888'])(
    'lets %s through',
    (address) => {
      expect(isRefusedAddress(address)).toBe(false);
    },
  );

  it('refuses a name that resolves to loopback, and says how to allow it', async () => {
    await expect(checkEndpoint('http://localhost:8080/hook', [])).rejects.toThrow(
      /resolves to .*loopback, private or link-local.*CAREWEAVE_WEBHOOK_ALLOW/,
    );
  });

  it('lets a host listed in CAREWEAVE_WEBHOOK_ALLOW through, by name', async () => {
    const allow = webhookAllowFromEnv({ CAREWEAVE_WEBHOOK_ALLOW: ' 127.0.0.1 , LocalHost' });
    expect(allow).toEqual(['127.0.0.1', 'localhost']);
    await expect(checkEndpoint('http://localhost:8080/hook', allow)).resolves.toBeUndefined();
    await expect(checkEndpoint('http://127.0.0.1:8080/hook', allow)).resolves.toBeUndefined();
    await expect(checkEndpoint('http://10.0.0.1/hook', allow)).rejects.toThrow(/10\.0\.0\.1/);
  });

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    await expect(checkEndpoint('file:///etc/passwd', [])).rejects.toThrow(/http or https/);
    await expect(checkEndpoint('http://user:pw@example.org/', [])).rejects.toThrow(/credentials/);
    await expect(checkEndpoint('not a url', [])).rejects.toThrow(/absolute URL/);
  });
});
