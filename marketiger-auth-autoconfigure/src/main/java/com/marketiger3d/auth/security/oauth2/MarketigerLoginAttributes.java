package com.marketiger3d.auth.security.oauth2;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import com.marketiger3d.auth.api.Credentials;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.util.StringUtils;

/**
 * The e-mail and password a user connects a MarkeTiger account with, carried from an
 * {@link OAuth2AuthorizeRequest} to the providers as attributes, once. Spring Security 7
 * has no attributes of its own for them (it dropped the password grant), and its managers
 * copy only the scope from a request to the authorization context: a manager that serves
 * MarkeTiger needs the {@link #contextAttributesMapper() mapper} of this class, which the
 * auto-configured managers have.
 * <p>
 * The attributes live as long as the request and its context; the providers never store
 * them, nor put them in a message.
 *
 * <pre class="code">
 * OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("marketiger")
 * 	.principal(authentication)
 * 	.attributes(MarketigerLoginAttributes.credentials(email, password))
 * 	.build();
 * </pre>
 *
 * @since 0.1.0
 */
public final class MarketigerLoginAttributes {

	/** Name of the attribute holding the account's e-mail. */
	public static final String EMAIL_ATTRIBUTE_NAME = MarketigerLoginAttributes.class.getName() + ".EMAIL";

	/** Name of the attribute holding the account's password. */
	public static final String PASSWORD_ATTRIBUTE_NAME = MarketigerLoginAttributes.class.getName() + ".PASSWORD";

	private static final AuthorizedClientServiceOAuth2AuthorizedClientManager.DefaultContextAttributesMapper SPRING_DEFAULTS = new AuthorizedClientServiceOAuth2AuthorizedClientManager.DefaultContextAttributesMapper();

	private MarketigerLoginAttributes() {
	}

	/**
	 * Return the attributes of a request that connects a MarkeTiger account, for
	 * {@link OAuth2AuthorizeRequest.Builder#attributes(Consumer)}.
	 * @param email the account's e-mail
	 * @param password the account's password
	 * @return a consumer that adds both attributes
	 */
	public static Consumer<Map<String, Object>> credentials(String email, String password) {
		Objects.requireNonNull(email, "email must not be null");
		Objects.requireNonNull(password, "password must not be null");
		return (attributes) -> {
			attributes.put(EMAIL_ATTRIBUTE_NAME, email);
			attributes.put(PASSWORD_ATTRIBUTE_NAME, password);
		};
	}

	/**
	 * Return the context attributes mapper of a blocking manager
	 * ({@code AuthorizedClientServiceOAuth2AuthorizedClientManager},
	 * {@code DefaultOAuth2AuthorizedClientManager}): Spring Security's default mapping
	 * (the requested scope) plus the e-mail and password attributes.
	 * @return the mapper
	 */
	public static Function<OAuth2AuthorizeRequest, Map<String, Object>> contextAttributesMapper() {
		return MarketigerLoginAttributes::contextAttributes;
	}

	/**
	 * Return the context attributes mapper of a reactive manager
	 * ({@code AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager},
	 * {@code DefaultReactiveOAuth2AuthorizedClientManager}): Spring Security's default
	 * mapping (the requested scope) plus the e-mail and password attributes.
	 * @return the mapper
	 */
	public static Function<OAuth2AuthorizeRequest, Mono<Map<String, Object>>> reactiveContextAttributesMapper() {
		return (request) -> Mono.fromCallable(() -> contextAttributes(request));
	}

	private static Map<String, Object> contextAttributes(OAuth2AuthorizeRequest request) {
		Map<String, Object> defaults = SPRING_DEFAULTS.apply(request);
		Object email = request.getAttribute(EMAIL_ATTRIBUTE_NAME);
		Object password = request.getAttribute(PASSWORD_ATTRIBUTE_NAME);
		if (email == null && password == null) {
			return defaults;
		}
		Map<String, Object> attributes = new HashMap<>(defaults);
		if (email != null) {
			attributes.put(EMAIL_ATTRIBUTE_NAME, email);
		}
		if (password != null) {
			attributes.put(PASSWORD_ATTRIBUTE_NAME, password);
		}
		return attributes;
	}

	/**
	 * Return the credentials of an authorization context.
	 * @param context the context
	 * @return the credentials, or {@code null} when the context has neither attribute
	 * @throws IllegalArgumentException when only one is there, or one is empty or not a
	 * string (the message names the attribute, never its value)
	 */
	static @Nullable Credentials credentials(OAuth2AuthorizationContext context) {
		Object email = context.getAttribute(EMAIL_ATTRIBUTE_NAME);
		Object password = context.getAttribute(PASSWORD_ATTRIBUTE_NAME);
		if (email == null && password == null) {
			return null;
		}
		if (!(email instanceof String emailText) || !StringUtils.hasText(emailText)) {
			throw invalid(EMAIL_ATTRIBUTE_NAME, "a non-blank string");
		}
		if (!(password instanceof String passwordText) || passwordText.isEmpty()) {
			throw invalid(PASSWORD_ATTRIBUTE_NAME, "a non-empty string");
		}
		return new Credentials(emailText, passwordText);
	}

	private static IllegalArgumentException invalid(String name, String expected) {
		return new IllegalArgumentException("The attribute '" + name + "' must be " + expected + " to connect a"
				+ " MarkeTiger account: set both the e-mail and the password, with MarketigerLoginAttributes.credentials");
	}

}
