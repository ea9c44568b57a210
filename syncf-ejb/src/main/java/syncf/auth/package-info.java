/**
 * Who may do what: HTTP Basic and Bearer callers checked against the hashes of a credentials
 * file, in two roles, {@code viewer} (reads, metrics) and {@code operator} (submits and changes
 * jobs). Without a credentials file a node answers only requests that arrive on loopback, as
 * every SyncF node did before there were credentials (docs/adr/0024).
 */
package syncf.auth;
