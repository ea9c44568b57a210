/**
 * What the node's edges need from the server and give back to it: the HTTP listeners
 * ({@link syncf.node.control.HttpListeners}), SyncF's MXBeans
 * ({@link syncf.node.control.ManagementBeans}), and the health checks of every module of the
 * EAR with the answer they add up to ({@link syncf.node.control.NodeHealth},
 * {@link syncf.node.control.HealthAnswer}).
 */
package syncf.node.control;
