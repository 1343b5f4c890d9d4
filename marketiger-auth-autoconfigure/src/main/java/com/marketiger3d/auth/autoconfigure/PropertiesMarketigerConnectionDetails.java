package com.marketiger3d.auth.autoconfigure;

import java.net.URI;

/**
 * The {@link MarketigerConnectionDetails} read from {@code marketiger.auth.base-url}.
 */
final class PropertiesMarketigerConnectionDetails implements MarketigerConnectionDetails {

	private final MarketigerAuthProperties properties;

	PropertiesMarketigerConnectionDetails(MarketigerAuthProperties properties) {
		this.properties = properties;
	}

	@Override
	public URI getBaseUrl() {
		return this.properties.baseUri();
	}

}
