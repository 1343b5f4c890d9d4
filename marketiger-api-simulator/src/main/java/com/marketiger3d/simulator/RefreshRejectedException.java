package com.marketiger3d.simulator;

/**
 * Thrown by {@link Sessions#refresh(String, String)} when a refresh must be answered with
 * 401.
 */
final class RefreshRejectedException extends RuntimeException {

	private final RefreshRejection reason;

	RefreshRejectedException(RefreshRejection reason) {
		super("Refresh rejected: " + reason, null, false, false);
		this.reason = reason;
	}

	RefreshRejection reason() {
		return this.reason;
	}

}
