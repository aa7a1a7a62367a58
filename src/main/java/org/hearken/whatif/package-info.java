/**
 * Policy what-if: replays the cases of a period under another service policy version (stored, or uploaded and not
 * put in force), either of which may route cases to rule packs, and shows, per stage (matched by role, whatever each
 * policy calls it), how many would have met or missed their targets, and which cases would flip.
 */
package org.hearken.whatif;
