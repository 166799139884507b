namespace QuickCommerce.Web.Features.Merchant;

/// <summary>What someone at the shop asked for from an order's card.</summary>
public enum QueueAction
{
    /// <summary>"I have seen it": silence the new-order alert.</summary>
    Acknowledge,
    Accept,
    /// <summary>Partial acceptance or substitutes: opens the changes dialog.</summary>
    Change,
    /// <summary>Asks for the reason, then rejects.</summary>
    Reject,
    Pack,
    AssignRider,
}

/// <summary>A tap on an order's card, for the page to carry out.</summary>
public sealed record QueueRequest(Guid OrderId, QueueAction Action);
