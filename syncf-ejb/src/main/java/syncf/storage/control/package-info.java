/**
 * Storage: where a job's files are read and written, behind one SPI,
 * {@link syncf.storage.control.Storage} (docs/adr/0018). Locations are resolved and confined
 * once; {@link syncf.storage.control.BaseDirectory} confines every local path under the
 * configured base directory, and nothing outside it is read, written or disclosed. A copy reads
 * one {@link syncf.storage.control.Version} of its source and writes one
 * {@link syncf.storage.control.StagedWrite}, whose commit is the one atomic publish.
 * Two backends: {@link syncf.storage.control.LocalStorage} and {@code syncf.storage.s3.S3Storage};
 * {@link syncf.storage.control.Stores} gives each side of a job its own.
 */
package syncf.storage.control;
