import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { awsRequestHandler, type AwsConfig } from './awsClients';
import type { EventPublisher } from './publishEvent';
import { translateStorageErrors } from './transientErrors';
import type { UploadEvent } from './upload/events';

type Env = Record<string, string | undefined>;

/** Where events go: the EventBridge bus (EVENT_BUS_NAME, default the account's `default`), or locally a file. */
export interface EventsConfig {
  busName: string;
  /** Under serverless-offline only: the JSON-lines file the local publisher appends to (LOCAL_EVENTS_FILE). */
  localFile: string | null;
}

export function readEventsConfig(env: Env): EventsConfig {
  return {
    busName: env.EVENT_BUS_NAME?.trim() || 'default',
    localFile: env.IS_OFFLINE === 'true' ? resolve(env.LOCAL_EVENTS_FILE?.trim() || '.local/events.ndjson') : null,
  };
}

/** Publishes to Amazon EventBridge (PutEvents, one entry; a failed entry is an error). */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(event: UploadEvent): Promise<void> {
    const { FailedEntryCount, Entries } = await translateStorageErrors(() =>
      this.client.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: this.busName, Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) }],
        }),
      ),
    );
    if (FailedEntryCount) throw new Error(`EventBridge refused the event: ${Entries?.[0]?.ErrorCode ?? 'unknown'} ${Entries?.[0]?.ErrorMessage ?? ''}`);
  }
}

/**
 * The local stand-in: appends each event, as EventBridge would deliver it (`source`, `detail-type`,
 * `detail`, `time`), as one JSON line. Locally there is no bus to deliver to; a developer (and the
 * system tests) read the file.
 */
export class JsonLinesPublisher implements EventPublisher {
  /** The file's folder, made once per publisher rather than at every event. */
  private folder: Promise<unknown> | null = null;

  constructor(private readonly file: string) {}

  async publish(event: UploadEvent): Promise<void> {
    await (this.folder ??= mkdir(dirname(this.file), { recursive: true }).catch((error: unknown) => {
      this.folder = null;
      throw error;
    }));
    await appendFile(
      this.file,
      `${JSON.stringify({ source: event.source, 'detail-type': event.detailType, time: new Date().toISOString(), detail: event.detail })}\n`,
    );
  }
}

/** The publisher for this environment: the local file under serverless-offline, else EventBridge. */
export function createEventPublisher(aws: AwsConfig, events: EventsConfig, capture: <T>(client: T) => T = (client) => client): EventPublisher {
  if (events.localFile) return new JsonLinesPublisher(events.localFile);
  // The storage clients' timeouts: a bus that does not answer must not hold the function until it times out.
  const client = new EventBridgeClient({ region: aws.region, maxAttempts: 3, requestHandler: awsRequestHandler(aws) });
  return new EventBridgePublisher(capture(client), events.busName);
}
