package com.marketiger3d.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Reads JSON bodies and writes the API's answer envelopes, {@code success} with
 * {@code data} or {@code error} with {@code type} and {@code message}.
 */
final class Envelope {

	private final JsonMapper json = JsonMapper.builder().build();

	Reply success(Object data) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("success", true);
		envelope.put("data", data);
		return json(HttpStatus.OK, envelope);
	}

	Reply error(HttpStatus status, ErrorType type, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", type.name());
		error.put("message", message);
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("success", false);
		envelope.put("error", error);
		return json(status, envelope);
	}

	Reply json(HttpStatus status, Object body) {
		return new Reply(status, MediaType.APPLICATION_JSON, this.json.writeValueAsString(body));
	}

	/**
	 * Read a body that must be a JSON object.
	 * @param body the body, possibly empty
	 * @return the object, or {@code null} if the body is not one
	 */
	@Nullable JsonNode readObject(String body) {
		try {
			JsonNode node = this.json.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Read a non-blank string field.
	 * @param object a JSON object
	 * @param name the field's name
	 * @return the value, or {@code null} if it is missing, blank or not a string
	 */
	static @Nullable String text(JsonNode object, String name) {
		JsonNode value = object.get(name);
		return (value != null && value.isString() && !value.stringValue().isBlank()) ? value.stringValue() : null;
	}

}
