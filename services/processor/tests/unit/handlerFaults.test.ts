import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { loadHandler, programmingError, storageTimeout } from '../../../../tests/adapterFaults';

type Handler = { processEvent(event: unknown): Promise<void> };
const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const event = { Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: `uploads/${ID}` } } }] };

describe('the processor’s answer to a fault in its adapters', () => {
  it('records FAILED (PROCESSING_FAILED, saying what happened) and logs an error for a programming error: no retry can fix it', async () => {
    const { module, dynamo, logs } = loadHandler<Handler>('../services/processor/src/handler');
    dynamo.on(GetCommand).rejects(programmingError());
    dynamo.on(UpdateCommand).resolves({ Attributes: {} });
    await module.processEvent(event);
    const failed = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(JSON.parse(String(failed.ExpressionAttributeValues![':set_error']))).toEqual({
      code: 'PROCESSING_FAILED',
      message: expect.stringMatching(/error on our side/),
    });
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'Unexpected error; recording FAILED' }));
  });

  it('rethrows a storage timeout, so that Lambda retries the event', async () => {
    const { module, dynamo } = loadHandler<Handler>('../services/processor/src/handler');
    dynamo.onAnyCommand().rejects(storageTimeout());
    await expect(module.processEvent(event)).rejects.toThrow(/Transient failures/);
  });
});
