package com.marketiger3d.auth.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.security.oauth2.MarketigerReactiveAuthorizedClientProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;

/**
 * Checks at start-up that the client registration the MarkeTiger provider acts for is
 * one: the MarkeTiger login grant type, and a token URI that is the Login endpoint under
 * {@code marketiger.auth.base-url}. The API root is {@code marketiger.auth.base-url}, for
 * the providers as for every other part of the starter; the token URI, which Spring Boot
 * requires of a custom provider, must agree with it.
 */
final class MarketigerClientRegistrationCheck {

	private MarketigerClientRegistrationCheck() {
	}

	static ClientRegistration check(@Nullable ClientRegistration registration, String registrationId, URI baseUrl) {
		String property = MarketigerClientRegistrationCondition.REGISTRATIONS + "." + registrationId;
		if (registration == null) {
			throw new InvalidMarketigerAuthPropertyException(property,
					"is configured, but the application's client registration repository has no registration '"
							+ registrationId + "'");
		}
		if (!MarketigerReactiveAuthorizedClientProvider.LOGIN_GRANT_TYPE
			.equals(registration.getAuthorizationGrantType())) {
			throw new InvalidMarketigerAuthPropertyException(property + ".authorization-grant-type",
					"must be '" + MarketigerReactiveAuthorizedClientProvider.LOGIN_GRANT_TYPE.getValue()
							+ "' for the MarkeTiger provider to act for the registration (and Spring Security's own"
							+ " providers to leave it alone)");
		}
		String expected = login(baseUrl);
		if (!isLogin(registration.getProviderDetails().getTokenUri(), baseUrl, expected)) {
			throw new InvalidMarketigerAuthPropertyException(
					"spring.security.oauth2.client.provider." + registrationId + ".token-uri",
					"must be " + expected + ", the Login endpoint under marketiger.auth.base-url (the token URI of"
							+ " the provider of registration '" + registrationId + "'); the API root is"
							+ " marketiger.auth.base-url");
		}
		return registration;
	}

	private static String login(URI baseUrl) {
		String root = baseUrl.toString();
		return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/Auth/Login";
	}

	private static boolean isLogin(@Nullable String tokenUri, URI baseUrl, String expected) {
		if (tokenUri == null) {
			return false;
		}
		URI uri;
		try {
			uri = new URI(tokenUri.trim());
		}
		catch (URISyntaxException ex) {
			return false;
		}
		String path = uri.getRawPath();
		if (path == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
			return false;
		}
		String expectedPath = URI.create(expected).getRawPath();
		String normalized = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		return ApiOrigin.of(baseUrl).isSameOrigin(uri) && normalized.equalsIgnoreCase(expectedPath);
	}

}
