/** The organisation's service standard as versioned data: targets per kind, channel and stage, and the due dates they give. */
package org.hearken.policy;
