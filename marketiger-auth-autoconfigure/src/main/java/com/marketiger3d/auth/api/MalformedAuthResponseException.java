package com.marketiger3d.auth.api;

/**
 * An auth call was answered with something that is not the documented envelope: garbled
 * or truncated JSON, an HTML error page, {@code success:false} with 200, missing fields,
 * a token that cannot be used as a header value, or a body over the size cap. An
 * unreadable answer with a success status may come from a call the server processed
 * ({@link #isPossiblyProcessed()}).
 *
 * @since 0.1.0
 */
public class MalformedAuthResponseException extends MarketigerAuthException {

	/** Whether the server may have processed the call whose answer this is. */
	private final boolean possiblyProcessed;

	/**
	 * Create the exception.
	 * @param message the detail message
	 */
	public MalformedAuthResponseException(String message) {
		this(message, false);
	}

	/**
	 * Create the exception, saying whether the server may have processed the call.
	 * @param message the detail message
	 * @param possiblyProcessed whether the answer had a success status, so that the
	 * server may have issued tokens the client could not read
	 */
	public MalformedAuthResponseException(String message, boolean possiblyProcessed) {
		super(message);
		this.possiblyProcessed = possiblyProcessed;
	}

	/**
	 * Create the exception with its cause.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 */
	public MalformedAuthResponseException(String message, Throwable cause) {
		this(message, cause, false);
	}

	/**
	 * Create the exception with its cause, saying whether the server may have processed
	 * the call.
	 * @param message the detail message
	 * @param cause the failure that caused it
	 * @param possiblyProcessed whether the answer had a success status, so that the
	 * server may have issued tokens the client could not read
	 */
	public MalformedAuthResponseException(String message, Throwable cause, boolean possiblyProcessed) {
		super(message, cause);
		this.possiblyProcessed = possiblyProcessed;
	}

	/**
	 * Return whether the server may have processed the call: the answer had a success
	 * status but could not be read, so a refresh may have rotated the refresh token.
	 * @return {@code true} for an unreadable answer with a 2xx status
	 */
	public boolean isPossiblyProcessed() {
		return this.possiblyProcessed;
	}

}
