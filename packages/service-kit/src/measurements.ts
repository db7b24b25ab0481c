/**
 * The pipeline's metrics, named once: what operators chart and alarm on (CloudWatch, through
 * Powertools' Metrics in EMF; see observability.ts). Use cases record them through `Measurements`,
 * so that a test can read what they measured.
 */
export const Metric = {
  /** An upload accepted (dimension Path: direct | presigned). */
  uploadsAccepted: 'UploadsAccepted',
  /** An upload request refused (dimension Code: the error code). */
  uploadsRefused: 'UploadsRefused',
  /** An upload processed to its end (dimension Outcome: DONE | FAILED): the FAILED-rate alarm divides these. */
  uploadsProcessed: 'UploadsProcessed',
  /** A FAILED upload, by why (dimension Code: UNSUPPORTED_TYPE, CORRUPT_IMAGE, STORAGE_UNAVAILABLE, …). */
  uploadsFailed: 'UploadsFailed',
  /** Reading the metadata of one upload, from its claim to DONE or FAILED. */
  processingTime: 'ProcessingTime',
  /** Bytes read from storage for one upload's metadata, and in how many reads. */
  headerBytesRead: 'HeaderBytesRead',
  readsPerImage: 'ReadsPerImage',
  /** The visual step (thumbnail, hash, colours) of one upload. */
  visualStepTime: 'VisualStepTime',
  /** A visual step skipped (dimension Reason: TOO_LARGE, UNSUPPORTED_FORMAT, SUSPICIOUS_COMPRESSION, VIDEO, NO_PREVIEW, DECODE_FAILED, VISUAL_FAILED). */
  visualSkipped: 'VisualSkipped',
  /** From the upload's acceptance to its final DONE, visual step included. */
  uploadToDoneLatency: 'UploadToDoneLatency',
  uploadsDeleted: 'UploadsDeleted',
  /** A completion event lost after the SDK's retries (dimension DetailType). */
  eventsNotPublished: 'EventsNotPublished',
} as const;
export type Metric = (typeof Metric)[keyof typeof Metric];

export type MetricUnitName = 'Count' | 'Milliseconds' | 'Bytes';

/** Records a metric value, with dimensions of its own when it has any. */
export interface Measurements {
  record(metric: Metric, value: number, unit: MetricUnitName, dimensions?: Record<string, string>): void;
}

/** Runs one step of a use case as a trace subsegment (a no-op where tracing is off). */
export interface Tracing {
  step<T>(name: string, run: () => Promise<T>): Promise<T>;
}

/** Measurements and tracing that do nothing: for tools and tests that do not look at them. */
export const NO_MEASUREMENTS: Measurements = { record: () => undefined };
export const NO_TRACING: Tracing = { step: (_name, run) => run() };
