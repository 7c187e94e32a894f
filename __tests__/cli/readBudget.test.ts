/**
 * A CLI read uses the package's retry layer with a person's budget: a refused connection fails within a few quick
 * tries and says so, and an unparseable answer is tried once more and never quoted.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { planCommand } from '../../src/cli/commands/plan.js';
import { registerSecret } from '../helpers/leakRegistry.js';
import { recordingIo } from './helpers.js';

const SECRET = 'hunter2-in-the-body';

beforeAll(() => {
  registerSecret(SECRET);
});

describe('plan --endpoint', () => {
  it('gives up on a refused connection after a few quick tries, naming the address', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const io = recordingIo();
    const started = Date.now();

    const code = await planCommand(['/myapp/prod/', '--endpoint', `http://127.0.0.1:${port}`], io);

    expect(code).toBe(1);
    expect(io.text()).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    // Two retries with a 100 ms base: well under a second, not the 30 s budget.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('tries an answer garbled right after a value once more, and never prints the body', async () => {
    let requests = 0;
    const garbled = createServer((_request, response) => {
      requests += 1;
      const body = `{"Parameters":[{"Name":"/myapp/prod/db-password","Type":"SecureString","Value":"${SECRET}"},x]}`;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(body);
    });
    await new Promise<void>((resolve) => garbled.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = garbled.address() as AddressInfo;
      const io = recordingIo();

      const code = await planCommand(['/myapp/prod/', '--endpoint', `http://127.0.0.1:${port}`], io);

      expect(code).toBe(1);
      expect(requests).toBe(2);
      expect(io.text()).toContain('the response could not be parsed');
      expect(io.text()).not.toContain('hunter2');
      expect(io.text()).not.toContain('-body');
    } finally {
      await new Promise<void>((resolve) => garbled.close(() => resolve()));
    }
  });
});
