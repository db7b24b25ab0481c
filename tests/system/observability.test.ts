/**
 * What the functions tell an operator, on the local stack (the same Powertools output that CloudWatch
 * gets deployed): every line about an upload keyed by its id, in every function it passed through;
 * valid EMF documents for its metrics; and never its file name or its place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath } from '../corpus';
import { apiUrl, eventually, upload, waitForFinal } from './support';

const STACK_LOG = join(__dirname, '..', '..', 'test-artifacts', 'local-stack.log');
const METRICS_NAMESPACE = 'ImageMetadataPipeline';
const PERSONAL_NAME = 'Jane Doe at 12 Rue de Rivoli.jpg';

type Line = Record<string, unknown>;
function jsonLines(): Line[] {
  return readFileSync(STACK_LOG, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const start = line.indexOf('{');
      if (start < 0) return [];
      try {
        return [JSON.parse(line.slice(start)) as Line];
      } catch {
        return [];
      }
    });
}

describe('logs, metrics and traces on the local stack', () => {
  let id: string;
  let lines: Line[];
  beforeAll(async () => {
    // A photo with GPS (43.47° N, 11.88° E) and a file name that names a person and a street.
    const { body } = await upload(readFileSync(join(corpusPath(), 'ian_gps_DSCN0010.jpg')), PERSONAL_NAME);
    id = body.id!;
    await waitForFinal(id);
    await fetch(`${apiUrl()}/result/${id}`);
    expect((await fetch(`${apiUrl()}/result/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${body.deleteToken}` } })).status).toBe(204);
    const services = ['uploader', 'processor', 'result', 'deleter'];
    await eventually(() => {
      lines = jsonLines().filter((line) => line.uploadId === id);
      return services.every((service) => lines.some((line) => line.service === service));
    }, 'a line keyed by the upload id from each function');
  }, 60_000);

  it('keys the lines about one upload by its id in every function it passed through, as Powertools structures them', () => {
    expect(new Set(lines.map((line) => line.service))).toEqual(new Set(['uploader', 'processor', 'result', 'deleter']));
    for (const line of lines)
      expect(line).toMatchObject({
        level: expect.stringMatching(/^(DEBUG|INFO|WARN|ERROR)$/),
        message: expect.any(String),
        timestamp: expect.any(String),
        uploadId: id,
      });
    expect(lines.find((line) => line.service === 'processor' && line.message === 'Upload processed')).toMatchObject({
      outcome: 'DONE',
      reads: expect.any(Number),
      bytesRead: expect.any(Number),
    });
  });

  it('never logs the file name, the place or the file’s contents', () => {
    const everything = JSON.stringify(jsonLines().filter((line) => JSON.stringify(line).includes(id)));
    for (const secret of ['Rivoli', 'Jane', '43.46', '43.47', '11.88', 'latitude', 'longitude', 'GPSInfo', '/9j/']) expect(everything).not.toContain(secret);
  });

  it('writes valid EMF documents for its metrics: one namespace, the stage and service as dimensions, units', () => {
    const emf = jsonLines().filter((line) => '_aws' in line) as (Line & {
      _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
    })[];
    const names = new Set<string>();
    for (const document of emf) {
      expect(typeof document._aws.Timestamp).toBe('number');
      for (const directive of document._aws.CloudWatchMetrics) {
        expect(directive.Namespace).toBe(METRICS_NAMESPACE);
        for (const dimensionSet of directive.Dimensions) {
          expect(dimensionSet).toEqual(expect.arrayContaining(['service', 'stage']));
          for (const dimension of dimensionSet) expect(typeof document[dimension]).toBe('string');
        }
        for (const metric of directive.Metrics) {
          expect(['Count', 'Milliseconds', 'Bytes']).toContain(metric.Unit);
          const value = document[metric.Name];
          expect(Array.isArray(value) ? value.every((v) => typeof v === 'number') : typeof value === 'number').toBe(true);
          names.add(metric.Name);
        }
      }
    }
    // ColdStart is Powertools' own, emitted where AWS_LAMBDA_INITIALIZATION_TYPE=on-demand (on Lambda,
    // not under serverless-offline): the kit's unit test proves it.
    for (const name of [
      'UploadsAccepted',
      'UploadsProcessed',
      'HeaderBytesRead',
      'ReadsPerImage',
      'ProcessingTime',
      'VisualStepTime',
      'UploadToDoneLatency',
      'UploadsDeleted',
    ])
      expect(names).toContain(name);
  });
});
