/**
 * The three families of failure a user can cause: invalid input, a missing resource, and a
 * state conflict. Domain code throws subclasses; the web boundary maps each family to one
 * RFC 9457 problem response, so no HTTP type appears below the boundary. They are EJB
 * application exceptions: they reach the caller unwrapped and roll the transaction back.
 */
package syncf.error;
