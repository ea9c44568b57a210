/**
 * The {@code s3} storage backend: {@link syncf.storage.s3.S3Storage} implements the storage SPI
 * (docs/adr/0018) on one S3-compatible store, reached as {@link syncf.storage.s3.S3Settings}
 * says (the AWS SDK's own environment conventions, plus {@code SYNCF_S3_BUCKETS} and
 * {@code SYNCF_S3_PATH_STYLE}), confined to the buckets or {@code bucket/prefix} roots named
 * there. Endpoints, regions and keys stay server configuration: no job, response or log line
 * shows them ({@code S3Errors}). An object is written by one PUT when it fits a part, else by a
 * multipart upload that any worker finds again from the target alone and resumes from its last
 * whole part ({@link syncf.storage.s3.UploadState} is what a checkpoint will keep of it).
 */
package syncf.storage.s3;
