using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// Spectre's help, except that a branch with a default command (<c>trainer download</c>) lists that command's
/// arguments and options: Spectre lists only the branch's own, so <c>download --help</c> hid <c>--url</c>,
/// <c>--output</c> and the rest although <c>trainer download --url …</c> takes them.
/// </summary>
public sealed class TrainerHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetArguments(ICommandModel model, ICommandInfo? command) =>
        base.GetArguments(model, WhatRuns(command));

    public override IEnumerable<IRenderable> GetOptions(ICommandModel model, ICommandInfo? command) =>
        base.GetOptions(model, WhatRuns(command));

    /// <summary>The command that runs when the user types this one: a branch's default command, else itself.</summary>
    private static ICommandInfo? WhatRuns(ICommandInfo? command) =>
        command is { IsBranch: true, DefaultCommand: { } defaultCommand } ? defaultCommand : command;
}
