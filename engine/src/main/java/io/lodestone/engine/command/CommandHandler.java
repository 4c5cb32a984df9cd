package io.lodestone.engine.command;

import io.lodestone.engine.reply.ReplyWriter;

/** A command's implementation. Arity, authentication and routing were checked before it runs. */
@FunctionalInterface
public interface CommandHandler {
    void execute(CommandContext ctx, byte[][] argv, ReplyWriter out);
}
