package com.marketiger3d.auth.api;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;

/**
 * Tells the IO failures that prove a request never reached the server (no connection, no
 * TLS session, no pooled connection to send it on) from those after which it may have
 * been processed: a refresh token is sent again only after the first kind.
 */
final class RequestNotSent {

	private static final int MAX_CAUSES = 16;

	private RequestNotSent() {
	}

	/**
	 * Return whether {@code failure}, or one of its causes, happened before the request
	 * could be written.
	 */
	static boolean isNotSent(@Nullable Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
			if (isBeforeSending(cause)) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	private static boolean isBeforeSending(Throwable failure) {
		// Netty's connect timeout is a ConnectException; Reactor Netty's pool failures
		// are shaded classes, known by name only.
		return failure instanceof ConnectException || failure instanceof UnknownHostException
				|| failure instanceof NoRouteToHostException || failure instanceof UnresolvedAddressException
				|| failure instanceof SSLHandshakeException
				|| failure.getClass().getSimpleName().startsWith("PoolAcquire");
	}

}
