/**
 * Not an API. What the HTTP adapters are built on: {@code AdapterCore} wires the parts from the
 * validated {@code SessionSettings}; {@code DelegatingAdapter} is the adapters' shared surface.
 */
package io.github.mcpsessions.internal.adapter;
