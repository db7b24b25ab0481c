import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client, readAwsConfig } from '../src/awsClients';

/**
 * An emulator that, like s3rver after its idle timeout, has closed a kept-alive connection just as
 * the client reuses it: here every second request on one connection is cut without an answer
 * ("socket hang up"). The local stack makes one attempt per call, so a reused connection would be
 * a 503 for the person uploading.
 */
function emulatorThatCutsReusedConnections(): Promise<Server> {
  const server = createServer((request, response) => {
    const socket = request.socket as typeof request.socket & { served?: number };
    socket.served = (socket.served ?? 0) + 1;
    if (socket.served > 1) {
      socket.destroy();
      return;
    }
    request.resume();
    request.on('end', () => response.writeHead(200, { ETag: '"etag"' }).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe("the local stack's storage connections", () => {
  let server: Server;
  beforeAll(async () => {
    server = await emulatorThatCutsReusedConnections();
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('open a connection per call, so an emulator that dropped an idle one costs no failed upload', async () => {
    const { port } = server.address() as AddressInfo;
    const config = readAwsConfig({ IS_OFFLINE: 'true', AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`, AWS_STORAGE_REQUEST_TIMEOUT_MS: '5000' });
    expect(config.maxAttempts).toBe(1);
    const s3 = createS3Client(config);
    for (const key of ['first', 'second', 'third']) {
      await expect(s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: key, Body: 'bytes' }))).resolves.toMatchObject({ ETag: '"etag"' });
    }
    s3.destroy();
  });
});
