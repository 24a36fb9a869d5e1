package io.github.mcpsessions.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte for byte over a socket, for requests {@code java.net.http} refuses to send
 * (non-UTF-8 header bytes, odd methods). One request per connection.
 */
public final class RawSocketHttp {

	private RawSocketHttp() {
	}

	/** Status code and body of a response. */
	public record Reply(int status, String head, byte[] body) {

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	/** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
	public static Reply send(int port, byte[] head, byte[] body) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(head);
			out.write(("Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			try {
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// The server answered and closed before reading the whole body (a refusal): read that answer.
			}
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Reply read(InputStream in) throws IOException {
		byte[] all = in.readAllBytes();
		String text = new String(all, StandardCharsets.ISO_8859_1);
		int split = text.indexOf("\r\n\r\n");
		String head = split < 0 ? text : text.substring(0, split);
		int status = Integer.parseInt(head.substring(9, 12));
		byte[] body = split < 0 ? new byte[0] : java.util.Arrays.copyOfRange(all, split + 4, all.length);
		if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
			body = dechunk(body);
		}
		return new Reply(status, head, body);
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		while (at < chunked.length) {
			int lineEnd = indexOf(chunked, at);
			int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).trim(), 16);
			if (size == 0) {
				break;
			}
			out.write(chunked, lineEnd + 2, size);
			at = lineEnd + 2 + size + 2;
		}
		return out.toByteArray();
	}

	private static int indexOf(byte[] bytes, int from) {
		for (int i = from; i < bytes.length - 1; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		return bytes.length;
	}

}
