import { uploadIdsFromEvent } from '../../src/s3EventKeys';
import awsEvent from '../events/aws-object-created.json';
import localEvent from '../events/local-object-created.json';
import testEvent from '../events/s3-test-event.json';

const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

describe('uploadIdsFromEvent', () => {
  it('reads every record of an AWS event, decoding URL-encoded keys', () => {
    expect(uploadIdsFromEvent(awsEvent, { urlEncoded: true })).toEqual({ ids: [ID, '1c9f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2c'], ignored: 2 });
  });

  it('takes the local emulator’s keys as they are', () => {
    expect(uploadIdsFromEvent(localEvent, { urlEncoded: false })).toEqual({ ids: [ID], ignored: 0 });
  });

  it('ignores s3:TestEvent, which has no records', () => {
    expect(uploadIdsFromEvent(testEvent, { urlEncoded: true })).toEqual({ ids: [], ignored: 0 });
  });

  it('ignores keys outside uploads/<uuid> and uppercase ids', () => {
    const event = {
      Records: ['thumbnails/x.jpg', 'uploads/../secrets', `uploads/${ID.toUpperCase()}`, `other/uploads/${ID}`].map((key) => ({ s3: { object: { key } } })),
    };
    expect(uploadIdsFromEvent(event, { urlEncoded: true })).toEqual({ ids: [], ignored: 4 });
  });
});
