/**
 * Storage: where files are read and written. {@link syncf.storage.control.BaseDirectory}
 * confines every path under the configured base directory; nothing outside it is read,
 * written or disclosed.
 */
package syncf.storage.control;
