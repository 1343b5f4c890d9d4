/**
 * A {@link com.marketiger3d.auth.token.TokenStore} in Redis shared by the instances of a
 * cluster, and the cluster-wide refresh lease that lets one instance at a time renew a
 * session.
 */
@NullMarked
package com.marketiger3d.auth.redis;

import org.jspecify.annotations.NullMarked;
