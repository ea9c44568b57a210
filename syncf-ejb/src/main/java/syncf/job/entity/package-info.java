/**
 * Jobs: what to keep in sync with what, how often, and whether it is running, paused or
 * killed. The entity enforces its own state changes; the control package adds the use
 * cases and the checks that need the filesystem.
 */
package syncf.job.entity;
