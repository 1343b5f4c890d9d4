package com.marketiger3d.auth.autoconfigure;

import java.net.URI;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the MarkeTiger3D API is: the details the starter connects with. By default they
 * come from {@code marketiger.auth.base-url}; a bean of this type replaces them, for
 * example to point the starter at a simulator or a fake that a test started, or at a
 * container with Spring Boot's {@code @ServiceConnection}.
 * <p>
 * The Login and RefreshToken calls, {@code marketigerWebClient},
 * {@code marketigerRestClient}, and the origin the token is sent to all use
 * {@link #getBaseUrl()}.
 *
 * @since 0.1.0
 */
public interface MarketigerConnectionDetails extends ConnectionDetails {

	/**
	 * Return the API root, for example {@code https://devapi.marketiger3d.com/v2}.
	 * @return an absolute http or https URL without user information, query or fragment
	 */
	URI getBaseUrl();

}
