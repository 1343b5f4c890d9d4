package com.marketiger3d.auth.api;

/**
 * An auth call was answered with something that is not the documented envelope: garbled
 * or truncated JSON, an HTML error page, {@code success:false} with 200, missing fields,
 * a token that cannot be used as a header value, or a body over the size cap.
 *
 * @since 0.1.0
 */
public class MalformedAuthResponseException extends MarketigerAuthException {

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public MalformedAuthResponseException(String message) {
		super(message);
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public MalformedAuthResponseException(String message, Throwable cause) {
		super(message, cause);
	}

}
