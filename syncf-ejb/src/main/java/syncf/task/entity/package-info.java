/**
 * Tasks: one file of a job to copy, with its progress, checkpoint, checksum and the worker
 * that copied it. The API shows one task per file.
 */
package syncf.task.entity;
