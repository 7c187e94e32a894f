import { type LocalSsm, startLocalSsm } from '../../src/server/index.js';

/** A raw AWS JSON 1.1 call, to check the wire format the SDK relies on. */
async function call(server: LocalSsm, target: string, body: string): Promise<Response> {
  return fetch(`${server.endpoint}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target },
    body,
  });
}

describe('AWS JSON 1.1 wire format', () => {
  let server: LocalSsm;

  beforeAll(async () => {
    server = await startLocalSsm({ seed: { parameters: { '/p/a': 'a' } } });
  });

  afterAll(() => server.close());

  it('answers with the JSON 1.1 content type and a request id', async () => {
    const response = await call(server, 'AmazonSSM.GetParameter', '{"Name":"/p/a"}');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      ((await response.json()) as { Parameter: { LastModifiedDate: unknown } }).Parameter.LastModifiedDate,
    ).toEqual(expect.any(Number));
  });

  it('sends errors as __type and message, with x-amzn-ErrorType', async () => {
    const response = await call(server, 'AmazonSSM.GetParameter', '{"Name":"/p/missing"}');

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ParameterNotFound');
    expect(await response.json()).toEqual({
      __type: 'ParameterNotFound',
      message: 'Parameter /p/missing not found.',
    });
  });

  it('rejects an unknown operation and a body that is not JSON', async () => {
    const unknown = await call(server, 'AmazonSSM.DescribeParameters', '{}');
    const garbled = await call(server, 'AmazonSSM.GetParameter', '{"Name":');

    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    expect(((await garbled.json()) as { __type: string }).__type).toBe('SerializationException');
    expect(server.stats().byOperation.DescribeParameters?.failed).toBe(1);
  });

  it('names a missing required member the way AWS does', async () => {
    const response = await call(server, 'AmazonSSM.GetParameter', '{}');

    expect(await response.json()).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
  });
});
