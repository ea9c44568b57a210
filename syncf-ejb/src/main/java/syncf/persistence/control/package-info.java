/**
 * Persistence infrastructure shared by master and workers: the Flyway schema, the
 * EclipseLink platform for SQLite, and paging.
 */
package syncf.persistence.control;
